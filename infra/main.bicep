// ShopPipeline, stage 1: everything but the Event Grid subscription (see eventgrid.bicep, deployed after the code).
// Deploy into a resource group:
//   az deployment group create -g <rg> -f infra/main.bicep -p @infra/env/<env>.parameters.json -p deployerPrincipalId=<your object id>
// The function app and everything it reaches sign in with one user-assigned managed identity; the storage account
// accepts no shared keys, and the only secret (the buyer-hash key) lives in Key Vault and reaches the app as a reference.

targetScope = 'resourceGroup'

@description('Environment name, part of every resource name: dev, test, prod…')
@minLength(2)
@maxLength(8)
param environmentName string

@description('Region of every regional resource; must offer Flex Consumption.')
param location string = resourceGroup().location

@description('Short prefix of resource names (lowercase letters and digits).')
@minLength(3)
@maxLength(10)
param prefix string = 'shoppipe'

@description('Most instances Flex Consumption may scale out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of one instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Where Communication Services keeps its data.')
param emailDataLocation string = 'Europe'

@description('Display name of the digest sender.')
param senderDisplayName string = 'ShopPipeline'

@description('Days the Log Analytics workspace keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Days after upload when an export blob moves to the cool tier.')
@minValue(1)
param exportsCoolAfterDays int = 30

@description('Days after upload when an export blob is deleted. Keep it over 365: returning-buyer metrics look back a year, and re-ingesting after a key rotation needs the exports.')
@minValue(30)
param exportsDeleteAfterDays int = 400

@description('Days a quarantined upload is kept for someone to look at.')
@minValue(7)
param quarantineDeleteAfterDays int = 90

@description('Object id of whoever runs the deployment (az ad signed-in-user show --query id -o tsv), given the data roles the deploy script uses: upload the stores registry and the smoke-check sample, set the buyer key. Empty to grant none.')
param deployerPrincipalId string = ''

@description('Principal type of deployerPrincipalId: User for a person, ServicePrincipal for a pipeline.')
@allowed([
  'User'
  'ServicePrincipal'
])
param deployerPrincipalType string = 'User'

@description('Keep deleted Key Vault secrets unrecoverable-proof (purge protection); on for production, it also blocks re-creating the vault name for 90 days after a teardown.')
param keyVaultPurgeProtection bool = false

var suffix = uniqueString(subscription().id, resourceGroup().id, environmentName)
var baseName = '${prefix}-${environmentName}'
var storageName = take(toLower('${prefix}${environmentName}${suffix}'), 24)
var appName = '${baseName}-${suffix}'
var keyVaultName = take('${prefix}-${environmentName}-${suffix}', 24)
var deploymentContainer = 'app-package'
var buyerKeySecretName = 'buyer-key'

// The containers and tables the code uses (StorageLayout.Containers and StorageLayout.Tables).
var containers = [
  'exports'
  'curated'
  'quarantine'
  'config'
]
var tables = [
  'Uploads'
  'Partitions'
  'Lineage'
  'Runs'
  'DailyMetrics'
  'Anomalies'
  'AnomalyFeedback'
  'DigestLedger'
]

// Built-in role definitions.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  communicationAndEmailServiceOwner: '09976791-48a7-449e-bb21-39d1a415f350'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
}

var tags = {
  application: 'shoppipeline'
  environment: environmentName
}

// ---- Identity -------------------------------------------------------------------------------------------------------

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${baseName}-identity'
  location: location
  tags: tags
}

// ---- Storage: exports in, Parquet out, quarantine, the registry, the tables, the deployment package ---------------

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: storageName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource dataContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = [for name in containers: {
  parent: blobService
  name: name
  properties: {
    publicAccess: 'None'
  }
}]

resource packageContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: deploymentContainer
  properties: {
    publicAccess: 'None'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-01-01' = {
  parent: storage
  name: 'default'
}

resource dataTables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = [for name in tables: {
  parent: tableService
  name: name
}]

// The Durable extension's task hub and the blob trigger's poison messages live in queues.
resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-01-01' = {
  parent: storage
  name: 'default'
}

// Old uploads: cooler after a month, gone after the retention; quarantine is cleared after its own period. Curated
// Parquet stays: BI tools read it, and it is rewritten in place when a day is recomputed.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2025-01-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'exports-age'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                'exports/'
              ]
            }
            actions: {
              baseBlob: {
                tierToCool: {
                  daysAfterCreationGreaterThan: exportsCoolAfterDays
                }
                delete: {
                  daysAfterCreationGreaterThan: exportsDeleteAfterDays
                }
              }
            }
          }
        }
        {
          name: 'quarantine-age'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                'quarantine/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterCreationGreaterThan: quarantineDeleteAfterDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

// ---- Monitoring ------------------------------------------------------------------------------------------------------

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: '${baseName}-logs'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${baseName}-insights'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

// ---- Key Vault: the buyer-hash key -----------------------------------------------------------------------------------

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: keyVaultPurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

// ---- Email: Communication Services with an Azure-managed domain ------------------------------------------------------

resource emailService 'Microsoft.Communication/emailServices@2023-04-01' = {
  name: '${baseName}-email'
  location: 'global'
  tags: tags
  properties: {
    dataLocation: emailDataLocation
  }
}

resource emailDomain 'Microsoft.Communication/emailServices/domains@2023-04-01' = {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource sender 'Microsoft.Communication/emailServices/domains/senderUsernames@2023-04-01' = {
  parent: emailDomain
  name: 'DoNotReply'
  properties: {
    username: 'DoNotReply'
    displayName: senderDisplayName
  }
}

resource communication 'Microsoft.Communication/communicationServices@2023-04-01' = {
  name: '${baseName}-acs-${suffix}'
  location: 'global'
  tags: tags
  properties: {
    dataLocation: emailDataLocation
    linkedDomains: [
      emailDomain.id
    ]
  }
}

// ---- The function app: Flex Consumption, custom handler ------------------------------------------------------------

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: '${baseName}-plan'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-11-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'custom'
        version: '1.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        // The host's own storage (triggers, the Durable task hub, keys) and the handler's, by identity.
        {
          name: 'AzureWebJobsStorage__accountName'
          value: storage.name
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identity.properties.clientId
        }
        // The identity the handler's own Azure clients (storage REST, ACS Email) sign in with.
        {
          name: 'AZURE_CLIENT_ID'
          value: identity.properties.clientId
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: insights.properties.ConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${identity.properties.clientId};Authorization=AAD'
        }
        // The buyer-hash key, resolved by the platform from Key Vault with the identity above; never in settings.
        {
          name: 'SHOPPIPE_BUYER_KEY'
          value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${buyerKeySecretName})'
        }
        {
          name: 'ACS_ENDPOINT'
          value: 'https://${communication.properties.hostName}/'
        }
        {
          name: 'DIGEST_SENDER'
          value: '${sender.properties.username}@${emailDomain.properties.mailFromSenderDomain}'
        }
      ]
    }
  }
  dependsOn: [
    packageContainer
  ]
}

// ---- Role assignments: the app's identity, and optionally the deployer ---------------------------------------------

resource appBlob 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, roles.storageBlobDataOwner)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource appQueue 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, roles.storageQueueDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource appTable 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, roles.storageTableDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource appMetrics 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: insights
  name: guid(insights.id, identity.id, roles.monitoringMetricsPublisher)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource appEmail 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: communication
  name: guid(communication.id, identity.id, roles.communicationAndEmailServiceOwner)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.communicationAndEmailServiceOwner)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource appSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, roles.keyVaultSecretsUser)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource deployerBlob 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  scope: storage
  name: guid(storage.id, deployerPrincipalId, roles.storageBlobDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
  }
}

resource deployerSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  scope: vault
  name: guid(vault.id, deployerPrincipalId, roles.keyVaultSecretsOfficer)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
  }
}

// ---- What the deploy script and the user need next -----------------------------------------------------------------

output functionAppName string = app.name
output functionAppHostName string = app.properties.defaultHostName
output statusUrl string = 'https://${app.properties.defaultHostName}/api/status/'
output storageAccountName string = storage.name
output exportsUrl string = '${storage.properties.primaryEndpoints.blob}exports/'
output curatedUrl string = '${storage.properties.primaryEndpoints.blob}curated/'
output keyVaultName string = vault.name
output buyerKeySecretName string = buyerKeySecretName
output acsEndpoint string = 'https://${communication.properties.hostName}/'
output digestSender string = '${sender.properties.username}@${emailDomain.properties.mailFromSenderDomain}'
output identityClientId string = identity.properties.clientId
output applicationInsightsName string = insights.name
